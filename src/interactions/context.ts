// What a command or component handler may use; kept small so handlers are easy to test.
// Layer 6 (interactions/): imports only layers 0–5, never webhook/.

import type { APIApplicationCommandInteraction, APIInteractionResponse } from "discord-api-types/v10";
import type {
  BatchClick,
  BatchConfirmed,
  BatchDeclined,
  BatchProposal,
  BatchProposed,
  CancelResult,
  EnqueueResult,
  RegionOpened,
} from "../jobs/contract.ts";
import type { Job } from "../jobs/job.ts";
import type { Manifest } from "../jobs/results.ts";
import type { UsageReport } from "../limits/admission.ts";
import type { GuildSettings } from "../limits/guild-settings.ts";
import type { Preferences, VersionedPreferences } from "../limits/preferences.ts";
import type { RegionJob } from "../region/edits.ts";

export interface CommandContext {
  /** When the interaction arrived (epoch ms). */
  now: number;
  /** Stores the job durably and queues it; resolves before Discord is answered. */
  schedule(job: Job): Promise<EnqueueResult>;
  /** Cancels a job on behalf of a user. */
  cancel(jobId: string, userId: string): Promise<CancelResult>;
  /** Daily usage and server settings, kept by the scheduler object. */
  limits: {
    usage(userId: string, guildId: string | undefined): Promise<UsageReport>;
    guildSettings(guildId: string): Promise<GuildSettings>;
    saveGuildSettings(guildId: string, settings: GuildSettings): Promise<void>;
    /** GUILD_DAILY_IMAGES: a server's own limit must be lower. */
    guildDailyImages: number;
    /**
     * A user's `/prefer` choices as this Worker last saw them, without asking the scheduler (version 0,
     * none, if it never did): an /imagine is read with them, and the scheduler says if they changed.
     */
    knownPreferences(userId: string): VersionedPreferences;
    /** A user's `/prefer` choices as the scheduler keeps them now. */
    preferences(userId: string): Promise<VersionedPreferences>;
    savePreferences(userId: string, preferences: Preferences): Promise<void>;
  };
  /** PROMPT_URL_ALLOW_ORIGINS: origins a typed image link may use whatever the link rules say. */
  linkOrigins: readonly string[];
  /** This Worker's origin (https://…), for links to its own pages (the region editor). */
  origin: string;
  /** Vary (Region)'s pending edits, kept by the scheduler object: the editor link's token, or a refusal. */
  regionEdits: {
    open(job: RegionJob, expiresAt: number): Promise<RegionOpened>;
  };
  /** Commands of several jobs (permutations, `--repeat`), kept by the scheduler object until Yes or No. */
  batches: {
    /** MAX_JOBS_PER_COMMAND: the most jobs one command may start. */
    maxJobs: number;
    propose(batch: BatchProposal): Promise<BatchProposed>;
    confirm(id: string, click: BatchClick): Promise<BatchConfirmed>;
    decline(id: string, userId: string): Promise<BatchDeclined>;
  };
  /** Kept results, for the buttons under them. */
  results: {
    /** A job's kept result; undefined if unknown or past retention. */
    manifest(jobId: string): Promise<Manifest | undefined>;
    retentionDays: number;
  };
}

type Answer = APIInteractionResponse | Promise<APIInteractionResponse>;

/** `T` is the interaction shape the command's type guarantees (chat input or message menu). */
export type CommandHandler<T extends APIApplicationCommandInteraction = APIApplicationCommandInteraction> = (
  interaction: T,
  context: CommandContext,
) => Answer;
