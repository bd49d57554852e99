/**
 * Offers a file to the person's device as a download. Made in the page itself (an object URL),
 * so nothing leaves the device; the URL is revoked a little later, once the browser has the file.
 */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
