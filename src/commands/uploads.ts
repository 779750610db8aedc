// An image a member attaches to a command (/imagine's image, style_ref and character_ref; /describe's
// image), checked before anything is queued: a type and size Ideogram reads. Its bytes are fetched
// when the job runs, from the URL exactly as the signed interaction gives it; no URL reaches Ideogram.
// Layer 7 (commands/): imports only layers 0–6, never actions/, scheduler/.
import { INPUT_IMAGE_MAX_BYTES, INPUT_IMAGE_TYPES } from "../ideogram/models.ts";
import type { ImageSource } from "../jobs/job.ts";

/** The fields of an upload in `data.resolved.attachments` that the check reads. */
export interface Upload {
  url: string;
  filename: string;
  size: number;
  content_type?: string | undefined;
}

export type UploadCheck = { ok: true; source: ImageSource } | { ok: false; problem: string };

const MEGABYTES = INPUT_IMAGE_MAX_BYTES / 1024 / 1024;

/** The attachment as a job's source, or why Ideogram could not take it ("`x.gif` is image/gif…"). */
export function checkUpload(upload: Upload): UploadCheck {
  const type = mediaType(upload.content_type);
  if (type && !isReadableImage(type)) {
    return {
      ok: false,
      problem: `\`${upload.filename}\` is ${type}; Ideogram reads PNG, JPEG and WebP images.`,
    };
  }
  if (upload.size > INPUT_IMAGE_MAX_BYTES) {
    const size = (upload.size / 1024 / 1024).toFixed(1);
    return {
      ok: false,
      problem: `\`${upload.filename}\` is ${size} MB; Ideogram takes at most ${MEGABYTES} MB.`,
    };
  }
  return { ok: true, source: { type: "url", url: upload.url, filename: upload.filename } };
}

/** "image/png" of "image/png; charset=…". */
const mediaType = (contentType: string | undefined) => contentType?.split(";")[0]?.trim().toLowerCase();

/** Whether an attachment is an image Ideogram reads (by its declared type). */
export const isReadableImage = (contentType: string | undefined) =>
  (INPUT_IMAGE_TYPES as readonly string[]).includes(mediaType(contentType) ?? "");
