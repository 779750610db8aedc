// A multipart/form-data body streamed from its parts, never held whole: JSON fields, then files
// opened one after another (from R2, say) as the upload reaches them. Its length is known in
// advance, so it goes out with a Content-Length (FixedLengthStream), not chunked.
// Format: RFC 7578. Discord reads `payload_json` and `files[n]`; Ideogram reads its named fields.
// Layer 0 (http/): imports nothing of the bot's.

/** A file part: its size is known before it is opened. */
export interface StreamedFile {
  field: string;
  name: string;
  contentType: string;
  size: number;
  open(): Promise<ReadableStream<Uint8Array>>;
}

export interface MultipartBody {
  body: ReadableStream<Uint8Array>;
  contentType: string;
}

const encoder = new TextEncoder();
const quoted = (text: string) => text.replace(/["\r\n\\]/g, "_");

export function multipartBody(fields: Record<string, string>, files: readonly StreamedFile[]): MultipartBody {
  const boundary = `----imagine${crypto.randomUUID().replaceAll("-", "")}`;
  const heads = [
    ...Object.entries(fields).map(
      ([name, value]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`,
    ),
  ].map((part) => encoder.encode(part));
  const fileHeads = files.map((file) =>
    encoder.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(file.field)}"; filename="${quoted(file.name)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
    ),
  );
  const crlf = encoder.encode("\r\n");
  const tail = encoder.encode(`--${boundary}--\r\n`);
  const length =
    [...heads, ...fileHeads, tail].reduce((n, part) => n + part.byteLength, 0) +
    files.reduce((n, file) => n + file.size + crlf.byteLength, 0);

  const { readable, writable } = new FixedLengthStream(length);
  // Heads and separators written in JavaScript; each file's bytes piped by the runtime.
  const write = async () => {
    const put = async (...parts: Uint8Array[]) => {
      const writer = writable.getWriter();
      for (const part of parts) await writer.write(part);
      writer.releaseLock();
    };
    try {
      await put(...heads);
      for (const [i, file] of files.entries()) {
        await put(fileHeads[i] as Uint8Array);
        await (await file.open()).pipeTo(writable, { preventClose: true });
        await put(crlf);
      }
      await put(tail);
      await writable.close();
    } catch (error) {
      await writable.abort(error).catch(() => {});
    }
  };
  void write();
  return { body: readable, contentType: `multipart/form-data; boundary=${boundary}` };
}
