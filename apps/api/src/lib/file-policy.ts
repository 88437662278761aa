import { hiddenCharacterProblem, stripZeroWidth } from '@annex/contracts';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../errors.ts';

/** Largest attachment accepted. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Types recognised by their content (magic numbers), with the file-name extensions each may carry. */
const BY_CONTENT: Record<string, { mime: string; extensions: string[] }> = {
  pdf: { mime: 'application/pdf', extensions: ['pdf'] },
  png: { mime: 'image/png', extensions: ['png'] },
  jpg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  zip: { mime: 'application/zip', extensions: ['zip'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
};

/** Text has no magic number: the extension names it and the content must be plain UTF-8 text. */
const TEXT: Record<string, string> = {
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** What the upload form may say it accepts. */
export const ACCEPTED_EXTENSIONS = [...Object.values(BY_CONTENT).flatMap((t) => t.extensions), ...Object.keys(TEXT)];

export type FileCheck = { ok: true; contentType: string } | { ok: false; reason: string };

/** The extension of a file name, lower-cased, without the dot ('' when there is none). */
export const extensionOf = (name: string) => /\.([a-z0-9]{1,10})$/i.exec(name)?.[1]?.toLowerCase() ?? '';

function isPlainText(data: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return false;
  }
  // control characters other than tab, line feed, form feed and carriage return mean a binary file
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/**
 * Decides an upload's type from its bytes, never from what the client claims: a recognised binary type
 * whose extension agrees, or UTF-8 text named .txt/.md/.csv. Anything else is refused.
 */
export async function checkFile(fileName: string, data: Uint8Array): Promise<FileCheck> {
  const ext = extensionOf(fileName);
  const detected = await fileTypeFromBuffer(data);
  if (detected) {
    const known = BY_CONTENT[detected.ext];
    if (!known) return { ok: false, reason: `files of type ${detected.mime} are not accepted` };
    if (!known.extensions.includes(ext)) {
      return { ok: false, reason: `the content is ${detected.ext.toUpperCase()} but the name ends in ".${ext}"` };
    }
    return { ok: true, contentType: known.mime };
  }
  const textType = TEXT[ext];
  if (textType && isPlainText(data)) return { ok: true, contentType: textType };
  return { ok: false, reason: `accepted are ${ACCEPTED_EXTENSIONS.map((e) => `.${e}`).join(', ')} (checked by content)` };
}

/** A file name safe to store and show: no directories, control or zero-width characters, or surrounding blanks. */
export function cleanFileName(name: string): string {
  const base = stripZeroWidth(name.split(/[\\/]/).pop() ?? '');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned;
}

/** The name an upload is stored under (see cleanFileName); control and direction characters are refused, not hidden. */
export function uploadFileName(name: string): string {
  const problem = hiddenCharacterProblem(name, 'line');
  if (problem) throw new AppError('validation_failed', `the file name ${problem}`, { errors: [{ path: 'file', message: `the file name ${problem}` }] });
  return cleanFileName(name);
}

/** Content-Disposition for a download: always an attachment, the name in ASCII and RFC 8187 UTF-8. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  // RFC 8187 allows only attr-char unencoded; encodeURIComponent leaves ' ( ) * as they are
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
