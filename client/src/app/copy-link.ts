import { t } from './i18n/index.ts';
import { notify } from './notices.ts';

/**
 * Copies an invite link and says so. Without the clipboard API (plain http on a local network)
 * the link in `input` is selected and copied the old way; when that fails too, the person is told
 * to copy it by hand.
 */
export async function copyLink(link: string, input: HTMLInputElement | undefined): Promise<void> {
  try {
    await navigator.clipboard.writeText(link);
    notify(t('share.copied'));
  } catch {
    input?.select();
    const copied = (() => {
      try {
        return document.execCommand('copy');
      } catch {
        return false;
      }
    })();
    notify(copied ? t('share.copied') : t('share.copyFailed'), { tone: copied ? 'info' : 'error' });
  }
}
