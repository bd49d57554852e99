import { Show, type JSX } from 'solid-js';
import { Icon } from '../app/Icon.tsx';
import { t } from '../app/i18n/index.ts';
import type { SolidNodeViewProps } from '../editor/solid-node-view.ts';
import { checkImageFile, downscaleToDataUrl, MAX_IMAGE_FILE_MB } from './picture-file.ts';
import type { PlanViewContext } from './plan-view-context.ts';
import { reportFailure } from '../app/in-background.ts';

let uid = 0;

/** A drawing or photo for "woord en beeld": picked from the device, downscaled, kept inside the encrypted plan. */
export function PicturePicker(props: SolidNodeViewProps & { ctx: PlanViewContext }): JSX.Element {
  const id = `picture-${++uid}`;
  const src = () => {
    const value: unknown = props.node().attrs.src;
    return typeof value === 'string' ? value : undefined;
  };
  const pick = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const check = checkImageFile(file);
    if (check === 'not-image') return props.ctx.notify(t('image.notImage'), { tone: 'error' });
    if (check === 'too-large') return props.ctx.notify(t('image.tooLarge', { max: MAX_IMAGE_FILE_MB }), { tone: 'error' });
    try {
      props.updateAttrs({ src: await downscaleToDataUrl(file) });
    } catch {
      props.ctx.notify(t('image.failed'), { tone: 'error' });
    }
  };
  return (
    <div class="picture">
      <Show when={src()}>{(url) => <img src={url()} alt={props.node().textContent || t('image.add')} />}</Show>
      <Show when={props.ctx.editable()}>
        <div class="picture-actions">
          <label class="button" for={id}>
            <Icon name="image" />
            <span>{t('image.add')}</span>
          </label>
          <input id={id} class="visually-hidden" type="file" accept="image/*" onChange={(e) => void pick(e.currentTarget).catch(reportFailure('add picture'))} />
          <Show when={src()}>
            <button type="button" class="quiet" onClick={() => props.updateAttrs({ src: null })}>
              <Icon name="trash" />
              <span>{t('image.remove')}</span>
            </button>
          </Show>
        </div>
      </Show>
    </div>
  );
}
