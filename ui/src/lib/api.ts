// The only door to Rust: the generated bindings, with Result objects turned into values or
// AppErrors so screens can use plain try/catch.

import { commands } from "../bindings";
import type {
  AccountChanges,
  CheckRequest,
  ImportChoices,
  JobRequest,
  NewAccount,
  Settings,
} from "../bindings";
import { unwrap } from "./errors";

export const api = {
  startupFile: () => commands.startupFile(),
  importFile: (path: string, choices: ImportChoices) => unwrap(commands.importFile(path, choices)),
  countries: () => commands.countries(),

  listAccounts: () => unwrap(commands.listAccounts()),
  keyringStatus: () => unwrap(commands.keyringStatus()),
  saveAccount: (account: NewAccount) => unwrap(commands.saveAccount(account)),
  updateAccount: (id: number, changes: AccountChanges) => unwrap(commands.updateAccount(id, changes)),
  removeAccount: (id: number) => unwrap(commands.removeAccount(id)),
  testAccount: (id: number) => unwrap(commands.testAccount(id)),
  accountUsage: (id: number) => unwrap(commands.accountUsage(id)),

  planJob: (request: JobRequest) => unwrap(commands.planJob(request)),
  checkCost: (request: CheckRequest) => unwrap(commands.checkCost(request)),
  checkNumbers: (request: CheckRequest) => unwrap(commands.checkNumbers(request)),
  startJob: (request: JobRequest) => unwrap(commands.startJob(request)),
  cancelJob: (job: number) => unwrap(commands.cancelJob(job)),
  resumeJob: (job: number) => unwrap(commands.resumeJob(job)),
  runningJob: () => commands.runningJob(),
  confirmClose: () => commands.confirmClose(),

  listHistory: (search: string | null) => unwrap(commands.listHistory(search)),
  showJob: (job: number) => unwrap(commands.showJob(job)),
  exportLinks: (job: number, path: string) => unwrap(commands.exportLinks(job, path)),
  exportRejected: (job: number, path: string) => unwrap(commands.exportRejected(job, path)),
  inviteQr: (link: string) => unwrap(commands.inviteQr(link)),

  getSettings: () => commands.getSettings(),
  saveSettings: (settings: Settings) => unwrap(commands.saveSettings(settings)),
};
