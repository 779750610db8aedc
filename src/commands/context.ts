// What a command or component handler may use; kept small so handlers are easy to test.
import type {
  APIChatInputApplicationCommandInteraction,
  APIInteractionResponse,
  APIMessageComponentInteraction,
} from "discord-api-types/v10";
import type { Job } from "../jobs/job.ts";
import type { CancelResult, EnqueueResult } from "../jobs/scheduler.ts";

export interface CommandContext {
  /** When the interaction arrived (epoch ms). */
  now: number;
  /** Stores the job durably and queues it; resolves before Discord is answered. */
  schedule(job: Job): Promise<EnqueueResult>;
  /** Cancels a job on behalf of a user. */
  cancel(jobId: string, userId: string): Promise<CancelResult>;
}

export type CommandHandler = (
  interaction: APIChatInputApplicationCommandInteraction,
  context: CommandContext,
) => APIInteractionResponse | Promise<APIInteractionResponse>;

export type ComponentHandler = (
  interaction: APIMessageComponentInteraction,
  argument: string,
  context: CommandContext,
) => APIInteractionResponse | Promise<APIInteractionResponse>;
