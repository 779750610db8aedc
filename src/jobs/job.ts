// A unit of work: one Ideogram request whose result replaces one deferred interaction response.
import type { ImageRequest } from "../ideogram/schema.ts";

/** Plain JSON, so a durable scheduler can store it as is. */
export interface Job {
  /** Unique per job; the interaction id for /imagine. */
  id: string;
  interactionId: string;
  applicationId: string;
  /** Secret: valid for 15 minutes; never logged. */
  token: string;
  request: ImageRequest;
  /** Who asked (Discord user id and display name). */
  user: { id: string; name: string };
  /** Largest file Discord accepts in this channel, in bytes. */
  attachmentSizeLimit: number;
  /** When the Worker received the interaction (epoch ms); the token expires 15 minutes later. */
  receivedAt: number;
}

export type JobOutcome =
  /** The final message carries at least one image. */
  | { status: "delivered"; images: number; missing: number }
  /** The final message explains why there is no image. */
  | { status: "failed"; reason: string }
  /** Discord refused every attempt to post a final message (for example, an expired token). */
  | { status: "undeliverable"; reason: string }
  /** Stopped at a checkpoint (cancelled, or its token is known dead); no message was posted. */
  | { status: "cancelled" };
