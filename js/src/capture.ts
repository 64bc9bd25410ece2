/**
 * Capture of the guest's stdout and stderr for one `exec`/`call`: bounded per stream, with a
 * flag when output was cut, and an optional callback that sees output as it is produced.
 * @module
 */

/** The default bound on each stream's captured output per call: 1 MiB. */
export const DEFAULT_MAX_OUTPUT = 1 << 20;

/** One of the guest's output streams. */
export type StreamName = "stdout" | "stderr";

/** Receives output as the guest produces it (only what fits under the bound). */
export type OutputCallback = (stream: StreamName, text: string) => void;

/** What one stream captured during one call. */
export interface Captured {
  text: string;
  truncated: boolean;
}

/** Decodes whole texts (a decode without `stream` keeps no state between calls). */
const UTF8 = new TextDecoder();

/** One stream's bounded buffer. */
export class Pipe {
  #chunks: Uint8Array[] = [];
  #size = 0;
  #truncated = false;
  #live = new TextDecoder();

  /**
   * @param name which stream.
   * @param limit bytes kept per call.
   * @param callback receives what is kept, as text.
   */
  constructor(
    readonly name: StreamName,
    readonly limit: number,
    readonly callback: OutputCallback | undefined,
  ) {}

  /** Keeps what fits of `bytes` (copied: the guest's buffer is reused). */
  write(bytes: Uint8Array): void {
    const room = Math.max(0, this.limit - this.#size);
    const kept = bytes.subarray(0, Math.min(room, bytes.length));
    if (kept.length < bytes.length) {
      this.#truncated = true;
    }
    if (kept.length === 0) {
      return;
    }
    this.#chunks.push(kept.slice());
    this.#size += kept.length;
    if (this.callback) {
      const text = this.#live.decode(kept, { stream: true });
      if (text) {
        this.callback(this.name, text);
      }
    }
  }

  /** Returns and clears what this call captured. */
  take(): Captured {
    if (this.#size === 0 && !this.#truncated) {
      // Nothing written (most calls): the live decoder holds nothing either.
      return { text: "", truncated: false };
    }
    const all = new Uint8Array(this.#size);
    let at = 0;
    for (const chunk of this.#chunks) {
      all.set(chunk, at);
      at += chunk.length;
    }
    let text = UTF8.decode(all);
    const truncated = this.#truncated;
    if (truncated && text.endsWith("\uFFFD")) {
      // Do not leave half a character where the cut fell.
      text = text.slice(0, -1);
    }
    this.#chunks = [];
    this.#size = 0;
    this.#truncated = false;
    this.#live = new TextDecoder();
    return { text, truncated };
  }
}
