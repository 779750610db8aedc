// What a command handler may use; kept small so handlers are easy to test.
import type {
  APIChatInputApplicationCommandInteraction,
  APIInteractionResponse,
} from "discord-api-types/v10";
import type { Job } from "../jobs/job.ts";

export interface CommandContext {
  /** When the interaction arrived (epoch ms). */
  now: number;
  /** Accepts a job to run after the deferred response has been sent. */
  schedule(job: Job): void;
}

export type CommandHandler = (
  interaction: APIChatInputApplicationCommandInteraction,
  context: CommandContext,
) => APIInteractionResponse | Promise<APIInteractionResponse>;
