// Runs @livechat/lc-sdk-js's Configuration.Web for lc_sdk_js_configuration.py: one JSON request
// per stdin line, {"method": "createGroup", "args": [...]}, one JSON answer per stdout line,
// {"ok": true, "result": …} or {"ok": false, "error": …}. The Python side holds the plan, the
// docs comparison and the verdicts, so both SDKs are judged by the same code.
"use strict";

const readline = require("readline");
const { Configuration } = require("@livechat/lc-sdk-js");

const info = JSON.parse(process.env.EMULATOR_INFO || "null");
if (!info) {
  process.stderr.write("EMULATOR_INFO is not set: start the emulator with tests/official/run.sh\n");
  process.exit(2);
}
// The SDK builds https://{apiUrl}/v3.4/configuration/action/…: the bare host is the override,
// and NODE_EXTRA_CA_CERTS (set by run.sh) makes Node trust the emulator's CA.
const apiUrl = info.url.replace(/^https:\/\//, "");
// A synchronous getter with a region: the SDK reads both fields on every request.
const api = new Configuration.Web(info.client_id, () => ({ accessToken: info.token, region: info.region }), { apiUrl });

// What a rejection carries: 4.0.2 rejects with the inner {type, message, data} of an API error
// (the HTTP status is lost), or with an Error for anything else.
function describe(e) {
  if (e instanceof Error) return { name: e.name, message: e.message, code: e.code };
  return e === undefined ? null : e;
}

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", async (line) => {
  const { method, args: raw } = JSON.parse(line);
  // JSON has no undefined: null stands for an argument left out.
  const args = raw.map((a) => (a === null ? undefined : a));
  let answer;
  if (typeof api[method] !== "function") {
    answer = { ok: false, error: { message: `no method ${method}` } };
  } else {
    try {
      answer = { ok: true, result: await api[method](...args) };
    } catch (e) {
      answer = { ok: false, error: describe(e) };
    }
  }
  process.stdout.write(JSON.stringify(answer === undefined ? null : answer) + "\n");
});
