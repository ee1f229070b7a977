// Client-side checks of an assignment's attachment, before anything is sent (the server checks again).

/** 'pdf', '.PDF' → 'pdf'. */
function normaliseExtension(extension: string): string {
  return extension.trim().replace(/^\./, '').toLowerCase();
}

/** The `accept` attribute for the allowed extensions: '.pdf,.docx'. */
export function acceptAttribute(allowedExtensions: readonly string[]): string {
  return allowedExtensions.map((e) => `.${normaliseExtension(e)}`).join(',');
}

/** 10485760 → '10 MB', 1536 → '1.5 KB'. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${trim(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${trim(bytes / 1024)} KB`;
  return `${bytes} バイト`;
}

function trim(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** A Japanese message saying what is wrong with the file, or null when it may be sent. */
export function attachmentError(
  file: { name: string; size: number },
  allowedExtensions: readonly string[],
  maxFileBytes: number,
): string | null {
  const allowed = allowedExtensions.map(normaliseExtension).filter((e) => e !== '');
  const dot = file.name.lastIndexOf('.');
  const extension = dot > 0 ? normaliseExtension(file.name.slice(dot + 1)) : '';
  if (allowed.length > 0 && !allowed.includes(extension)) {
    return `添付できるファイルの種類は ${allowed.map((e) => `.${e}`).join('、')} です。「${file.name}」は添付できません。`;
  }
  if (maxFileBytes > 0 && file.size > maxFileBytes) {
    return `添付ファイルの大きさは ${formatBytes(maxFileBytes)} までです（選んだファイル：${formatBytes(file.size)}）。`;
  }
  if (file.size === 0) {
    return `「${file.name}」は空のファイルです。内容のあるファイルを選んでください。`;
  }
  return null;
}
