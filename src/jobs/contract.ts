// What the scheduler promises the layers around it, as types only: how a job's run talks to the
// coordinator that dispatched it (RunnerHost: an RPC stub of the scheduler object in production, the
// coordinator itself in tests), and what the scheduler answers an enqueue, a cancel or a Vary
// (Region) click. Every run report names the run (job id and attempt): a run the coordinator has
// given up on (its lease expired and the job was dispatched again) is told to stop, so two runs
// never both deliver.
// Layer 2 (jobs/): imports only layers 0–1, never config.ts.
import type { EndpointNotice, PriceQuote } from "../ideogram/client.ts";
import type { Generated, Job, JobOutcome, JobRef } from "./job.ts";

export interface Handover {
  /** Whether the run goes on to deliver: its job still runs and its token lives. */
  proceed: boolean;
  /** The job handed over, already claimed for its run. */
  next?: { ref: JobRef; claimed: Claimed } | undefined;
}

/** Where a run is: the coordinator answers whether it may go on. */
export type Stage = "retry" | "deliver";

export interface Claimed {
  job: Job;
  /** What Ideogram answered on an earlier attempt: this run does not call Ideogram again. */
  generated?: Generated | undefined;
  /** Ideogram's quote for a request of this shape, kept from today: the run sends no dry run. */
  quote?: PriceQuote | undefined;
}

/** Whether a quoted request may be sent: refused when the budget can't cover the quote (or the run must stop). */
export type Priced = { ok: true } | { ok: false; refusal?: LimitRefusal };

export interface RunnerHost {
  /**
   * The job this run is for, which may go on to Ideogram; undefined if the run must not start
   * (stale, cancelled, or its token is dead: the coordinator has ended it).
   */
  claim(ref: JobRef): Promise<Claimed | undefined>;
  /**
   * Before each Ideogram retry and before delivering: false stops the run without a message
   * (cancelled, token dead, or the run is stale). "deliver" also waits until no progress edit of
   * the message is in flight, so the result lands last.
   */
  checkpoint(ref: JobRef, stage: Stage): Promise<boolean>;
  /** The run is alive: its lease is extended. False: stop. */
  renew(ref: JobRef): Promise<boolean>;
  /**
   * Ideogram quoted the job's request (a dry run, or the kept quote): the reservation takes that
   * price, or the request is not sent. No refusal: the run must stop (stale, cancelled).
   */
  priced(ref: JobRef, quote: PriceQuote): Promise<Priced>;
  /**
   * Ideogram answered, or was given up on (undefined): its places are free for the next job. The
   * answer: whether to go on (download and deliver) — a yes is checkpoint "deliver"'s yes too, so a
   * cancel from then on is told the job is finishing, and the run asks nothing more before it posts;
   * and, when this run said it can `take` one, the next job to start in its place, handed over
   * without a new dispatch.
   */
  generated(ref: JobRef, answer: Generated | undefined, take: boolean): Promise<Handover>;
  /**
   * Ideogram took the job's request asynchronously: the generation's id is recorded before anything
   * waits for it, and from then on the job is resumed by reading it (or its webhook), never by
   * sending it again. True: the run ends here, and a later attempt delivers what Ideogram made.
   * `notices`: what the answers so far said of their endpoints (as JobOutcome.notices).
   * False: the run is stale or stopped (it ends here too; the generation is still recorded).
   */
  submitted(ref: JobRef, submission: Submission, notices: readonly EndpointNotice[]): Promise<boolean>;
  /** The run is over, and how. */
  finished(ref: JobRef, outcome: JobOutcome): Promise<void>;
}

/** A request Ideogram took asynchronously: its generation, and whether a webhook will announce it. */
export interface Submission {
  generationId: string;
  webhook: boolean;
}

/** Starts a run of a job elsewhere (a Workflow instance in production; in-process in tests). */
export type Dispatch = (ref: JobRef) => Promise<void>;

/**
 * A daily limit a request would pass, as data: the Discord command words it (with a relative
 * timestamp), the webhook answers it as JSON. For "budget", amounts are micro-dollars.
 */
export interface LimitRefusal {
  scope: "user" | "guild" | "budget";
  used: number;
  limit: number;
  needed: number;
  resetsAt: number;
}

export type EnqueueResult =
  /** Stored: it will get exactly one final message. */
  | { status: "queued" }
  /** The same interaction was accepted before: nothing new started. */
  | { status: "duplicate" }
  /** The same user's same click is on its way (or just arrived): a double click starts nothing. */
  | { status: "duplicate_click" }
  | { status: "user_limit"; limit: number }
  | { status: "too_many_images"; limit: number }
  /** A server rule refuses it; `message` says which, for the user. */
  | { status: "refused"; message: string }
  /** A daily limit has too little left for it. */
  | { status: "limited"; refusal: LimitRefusal }
  /**
   * The job was read with other `/prefer` preferences than its user has now (`version` is theirs):
   * nothing was stored; read it again with them.
   */
  | { status: "preferences_changed"; version: number };

/** Why a job was not stored. */
export type EnqueueRefusal = Exclude<EnqueueResult, { status: "queued" | "duplicate" }>;

export type CancelResult =
  | { status: "cancelled" }
  | { status: "not_owner"; owner: string }
  /** Cancelled before (a second click on Cancel, or two at once). */
  | { status: "already_cancelled" }
  | { status: "finished" }
  | { status: "unknown" };

/**
 * A permutation or `--repeat` command's jobs, waiting for their user's Yes: the jobs as read from the
 * command (each its own prompt), started only by a click on the private confirmation.
 */
export interface BatchProposal {
  /** The command's interaction id; the confirmation's buttons name it. */
  id: string;
  /** The jobs, as built for the command's interaction: a Yes gives them the click's id and token. */
  jobs: Job[];
  /** Until when Yes may start them: the command's token's life. */
  expiresAt: number;
}

/** What a batch's jobs would spend, and leave of the daily limits, had they all been started now. */
export interface BatchTotals {
  images: number;
  /** Micro-dollars; `estimated` of them our own estimate (an operation without a published price). */
  cost: number;
  estimated: number;
  /** What would be left today after them (undefined: no such limit applies). */
  left: { user?: number; guild?: number; budget?: number };
}

export type BatchProposed =
  | { status: "proposed"; totals: BatchTotals }
  /** One of the jobs breaks a rule (Ideogram's or the server's), or a daily limit can't cover them all. */
  | { status: "refused"; result: EnqueueRefusal };

export type BatchConfirmed =
  | { status: "started"; jobs: number }
  | { status: "expired" }
  /** Started or declined already (a second click). */
  | { status: "used" }
  | { status: "unknown" }
  | { status: "not_owner" }
  /** Refused at the Yes (a limit used up since the confirmation): nothing was started. */
  | { status: "refused"; result: EnqueueRefusal };

/** No: the batch is dropped. */
export type BatchDeclined =
  | { status: "declined" }
  | Extract<BatchConfirmed, { status: "expired" | "used" | "unknown" | "not_owner" }>;

/** Who clicked Yes, and with which interaction: the batch's jobs become that click's. */
export interface BatchClick {
  userId: string;
  interactionId: string;
  applicationId: string;
  token: string;
  receivedAt: number;
  attachmentSizeLimit: number;
}

/** A Vary (Region) click: the editor link's token, or why the server's rules refuse the edit already. */
export type RegionOpened = { status: "ok"; token: string } | { status: "refused"; message: string };

/**
 * Where webhook jobs' outcomes are filed for their callers (webhook/ keeps them): the coordinator
 * reports through this and never reaches into webhook/ itself.
 */
export interface JobReports {
  /** A webhook job's run ended so. */
  finished(jobId: string, outcome: JobOutcome): void;
  /** A webhook job ended before it ran, for this reason. */
  failed(jobId: string, error: string): void;
  /** Forgets what no caller may ask for any more. */
  purge(now: number): void;
}
