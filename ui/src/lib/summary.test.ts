import { describe, expect, it } from "vitest";
import type { PlanSummary } from "../bindings";
import { en, type MessageKey } from "../i18n/en";
import { translate, type Params } from "../i18n/translate";
import { callsText, durationText, summaryHeadline, summaryLines, summaryNotes } from "./summary";
import { inviteMessage } from "./invite";

const t = (key: MessageKey, params: Params = {}) => translate({ en }, en, "en", key, params);

const plan = (over: Partial<PlanSummary> = {}): PlanSummary => ({
  provider: "2chat",
  account: "Office",
  members: 40,
  groups: [{ name: "Parents 5B", value: null, members: 40, firstBatch: 10, addBatches: 3, batchSize: 10 }],
  needsSplit: false,
  maxMembers: 1023,
  ownNumberSkipped: false,
  groupColumn: null,
  ungrouped: [],
  practice: false,
  estimatedSecs: 30,
  setup: [],
  ...over,
});

describe("plan summary wording", () => {
  it("says how many calls, as in the issue's example", () => {
    expect(summaryHeadline(t, plan())).toBe("40 numbers → 1 group");
    expect(summaryLines(t, plan())).toEqual([{ name: "Parents 5B", text: "created with the first 10, then 3 more rounds of 10" }]);
  });

  it("one create call when everything fits in it", () => {
    expect(callsText(t, 0, 20)).toBe("everyone added at once");
    expect(callsText(t, 1, 20)).toBe("created with the first 20, then 1 more round of 20");
  });

  it("names each numbered group of a split list", () => {
    const p = plan({
      members: 1100,
      groups: [
        { name: "Big (1)", value: null, members: 550, firstBatch: 10, addBatches: 54, batchSize: 10 },
        { name: "Big (2)", value: null, members: 550, firstBatch: 10, addBatches: 54, batchSize: 10 },
      ],
    });
    expect(summaryHeadline(t, p)).toBe("1,100 numbers → 2 groups");
    expect(summaryLines(t, p).map((l) => l.name)).toEqual(["Big (1)", "Big (2)"]);
  });

  it("adds the notes a user needs: practice, own number, pacing", () => {
    expect(summaryNotes(t, plan({ practice: true }))).toEqual(["Practice: no real WhatsApp group is created."]);
    const notes = summaryNotes(t, plan({ ownNumberSkipped: true }));
    expect(notes[0]).toMatch(/own number/);
    expect(notes[1]).toMatch(/waits between calls/);
    expect(notes[1]).toMatch(/this takes less than a minute\.$/);
    expect(summaryNotes(t, plan({ estimatedSecs: 1_349 }))[0]).toMatch(/this takes about 22 minutes\.$/);
    expect(summaryNotes(t, plan({ groups: [{ name: "x", value: null, members: 3, firstBatch: 3, addBatches: 0, batchSize: 10 }] }))).toEqual(
      [],
    );
  });
});

describe("how long a run takes", () => {
  it("words Rust's estimate in minutes, then hours", () => {
    expect(durationText(t, 20)).toBe("less than a minute");
    expect(durationText(t, 89)).toBe("about 1 minute");
    expect(durationText(t, 91)).toBe("about 2 minutes");
    expect(durationText(t, 7_000)).toBe("about 117 minutes");
    expect(durationText(t, 4 * 3600 + 100)).toBe("about 4 hours");
  });
});

describe("invite message", () => {
  it("contains the group name and the link, ready to paste", () => {
    const m = inviteMessage(t, "Parents 5B", "https://chat.whatsapp.com/AbC123");
    expect(m).toContain("“Parents 5B”");
    expect(m.endsWith("https://chat.whatsapp.com/AbC123")).toBe(true);
  });
});
