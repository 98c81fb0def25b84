/**
 * Saves text (or bytes: an Excel workbook) as a file through a temporary link, with no server round trip (exports, model downloads).
 * The object URL is revoked a minute later: some browsers start reading the blob only after click() returns.
 */
export function saveFile(fileName: string, text: string | Uint8Array<ArrayBuffer>, mime = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
