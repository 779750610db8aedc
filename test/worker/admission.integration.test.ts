// The model a request runs on and the rules it is checked against, as the scheduler prepares it:
// DEFAULT_MODEL, a server's defaults and allowed models, speed Turbo on a legacy model.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ImageRequest } from "../../src/ideogram/schema.ts";
import { optionName } from "../../src/interactions/options.ts";
import type { Job } from "../../src/jobs/job.ts";
import { Admission, type Limits } from "../../src/limits/admission.ts";
import { type GuildSettings, SettingsStore, settingsSchemas } from "../../src/limits/guild-settings.ts";
import { UsageLedger } from "../../src/limits/ledger.ts";

const LIMITS: Limits = { userDailyImages: 100, guildDailyImages: 100 };
const GUILD = "1100000000000000001";

/** Runs `test` with an Admission on a fresh object's SQLite storage. */
async function withAdmission(
  limits: Partial<Limits>,
  settings: Partial<GuildSettings> | undefined,
  test: (admission: Admission) => void,
) {
  const stub = env.SCHEDULER.get(env.SCHEDULER.newUniqueId());
  await runInDurableObject(stub, (_instance, state) => {
    const store = new SettingsStore(state.storage.sql);
    if (settings) store.put(GUILD, settingsSchemas().guild.parse(settings), 0);
    test(new Admission(new UsageLedger(state.storage.sql), store, { ...LIMITS, ...limits }, optionName));
  });
}

const job = (request: ImageRequest, extra: Partial<Job> = {}) =>
  ({
    kind: "generate",
    id: "1",
    interactionId: "1",
    applicationId: "2",
    token: "t",
    user: { id: "u", name: "U" },
    attachmentSizeLimit: 1,
    receivedAt: 0,
    guildId: GUILD,
    useServerDefaults: true,
    request,
    ...extra,
  }) as Job;

const prepared = (admission: Admission, j: Job) => {
  const result = admission.prepare(j);
  if (!result.ok) throw new Error(result.message);
  return "request" in result.value.job ? result.value.job.request : undefined;
};

describe("the model a request runs on", () => {
  it("is DEFAULT_MODEL for a fresh /imagine that names none", async () => {
    await withAdmission({ defaultModel: "V_3" }, undefined, (a) => {
      expect(prepared(a, job({ prompt: "x" }))).toEqual({ prompt: "x", model: "V_3" });
      // A re-roll repeats what it repeats: no default is put into it.
      expect(prepared(a, job({ prompt: "x" }, { useServerDefaults: false }))).toEqual({ prompt: "x" });
    });
  });

  it("is the server's default before DEFAULT_MODEL, with its speed and style preset where they fit", async () => {
    const defaults = { model: "V_3", rendering_speed: "QUALITY", style_preset: "ART_DECO" } as const;
    await withAdmission({ defaultModel: "V_4" }, { defaults }, (a) => {
      expect(prepared(a, job({ prompt: "x" }))).toEqual({ prompt: "x", ...defaults });
      // On 4.0 (the member's choice) a preset doesn't fit: it is left out; the speed fits.
      expect(prepared(a, job({ prompt: "x", model: "V_4" }))).toEqual({
        prompt: "x",
        model: "V_4",
        rendering_speed: "QUALITY",
      });
    });
  });

  it("is the first model a server allows when the default one isn't", async () => {
    await withAdmission({ defaultModel: "V_3" }, { allowedModels: ["V_2_TURBO", "V_2A_TURBO"] }, (a) => {
      expect(prepared(a, job({ prompt: "x" }))).toEqual({ prompt: "x", model: "V_2_TURBO" });
    });
    await withAdmission({}, { allowedModels: ["V_4"] }, (a) => {
      expect(prepared(a, job({ prompt: "x" }, { useServerDefaults: false }))).toEqual({
        prompt: "x",
        model: "V_4",
      });
    });
  });

  it("turns speed Turbo on a legacy model into its Turbo model, and refuses another speed", async () => {
    await withAdmission({}, undefined, (a) => {
      expect(prepared(a, job({ prompt: "x", rendering_speed: "TURBO" }))).toEqual({
        prompt: "x",
        model: "V_2_TURBO",
      });
      const refused = a.prepare(job({ prompt: "x", model: "V_1", rendering_speed: "QUALITY" }));
      expect(refused.ok ? "" : refused.message).toContain(
        "`speed` Quality can't be used with Ideogram 1.0 (`V_1`)",
      );
    });
  });
});
