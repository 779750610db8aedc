// A multipart/form-data body streamed from its parts, never held whole: JSON fields, then files
// opened one after another (from R2, say) as the upload reaches them. Its length is known in
// advance, so it goes out with a Content-Length (FixedLengthStream), not chunked.
// Format: RFC 7578. Discord reads `payload_json` and `files[n]`; Ideogram reads its named fields.

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
  // Chunk by chunk in JavaScript: workerd can't pipeTo() between its own transform streams.
  const write = async () => {
    const writer = writable.getWriter();
    try {
      for (const part of heads) await writer.write(part);
      for (const [i, file] of files.entries()) {
        await writer.write(fileHeads[i] as Uint8Array);
        const reader = (await file.open()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          await writer.write(value);
        }
        await writer.write(crlf);
      }
      await writer.write(tail);
      await writer.close();
    } catch (error) {
      await writer.abort(error).catch(() => {});
    }
  };
  void write();
  return { body: readable, contentType: `multipart/form-data; boundary=${boundary}` };
}
