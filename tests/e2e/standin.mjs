// @ts-check
// A rule-enforcing provider stand-in (crates/standins, built as `groupdrop-standin`) as a child
// process for the real-window tests: the same servers the Rust tests use, which refuse what the
// real provider refuses (wrong credentials, numbers not in its format, the connected number as a
// member, a POST without Content-Type, more participants than allowed, …) and record every call.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { ROOT } from "./driver.mjs";

const BIN = process.env.GROUPDROP_STANDIN ?? join(ROOT, "target/debug/groupdrop-standin");

/**
 * @typedef {{ method: string, endpoint: string, body: any, refused: boolean, atMs: number }} Call
 * @typedef {{ id: string, handle: string, name: string, members: string[], inviteCode: string }} Group
 * @typedef {{ calls: Call[], groups: Group[], violations: { endpoint: string, rule: string }[] }} Report
 */

/**
 * Starts `groupdrop-standin <provider> --flag value …`.
 * @param {"2chat" | "zapi" | "eazybe"} provider
 * @param {Record<string, string | string[] | undefined>} flags
 */
export async function startStandin(provider, flags) {
  if (!existsSync(BIN)) throw new Error(`the stand-in is missing: ${BIN} (cargo build -p groupdrop-standins --bin groupdrop-standin)`);
  /** @type {string[]} */
  const args = [provider];
  for (const [name, value] of Object.entries(flags)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) args.push(`--${name}`, v);
  }
  const child = spawn(BIN, args, { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: /** @type {import("node:stream").Readable} */ (child.stdout) });
  /** @type {((line: string) => void)[]} */
  const waiting = [];
  lines.on("line", (line) => waiting.shift()?.(line));
  const next = () =>
    /** @type {Promise<string>} */ (
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("the stand-in did not answer")), 10_000);
        waiting.push((line) => (clearTimeout(timer), resolve(line)));
      })
    );
  const { url } = JSON.parse(await next());
  return {
    /** @type {string} */
    url,
    /** What the stand-in received and made so far. @returns {Promise<Report>} */
    async report() {
      const answer = next();
      child.stdin?.write("report\n");
      return JSON.parse(await answer);
    },
    async stop() {
      child.stdin?.end();
      await Promise.race([new Promise((r) => child.once("exit", r)), new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
