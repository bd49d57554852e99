/** The address in the kit's QR code: the code rides in the URL fragment, which no server ever sees. */
export function recoveryLink(origin: string, code: string): string {
  return `${origin.replace(/\/+$/, '')}/#/recover/${code}`;
}

/** The kit as a plain text file, for people who keep it on a USB stick or print it elsewhere. */
export function recoveryFileText(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}
