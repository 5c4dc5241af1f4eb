// The one island: enhances a flow form that already works without it. Chosen photos show as
// thumbnails with a remove button; photos are downscaled on the phone before upload (a 12 MP
// photo becomes a few hundred KB on a slow network); the upload shows progress; and the form
// cannot be sent twice. The server sees the same multipart POST as without JavaScript.
import type { ComponentChildren } from 'preact';
import { createPortal } from 'preact/compat';
import { useEffect, useRef, useState } from 'preact/hooks';

interface Props {
  formId: string;
  /** What the server takes in one post; a bigger one would only be refused after uploading it. */
  maxBytes: number;
  texts: { preparing: string; uploading: string; remove: string; tooBig: string };
}

interface Chosen {
  input: HTMLInputElement;
  files: File[];
}

const LONG_EDGE = 2000;
const QUALITY = 0.8;
const SHRINKABLE = ['image/jpeg', 'image/png', 'image/webp'];

/** Downscale and re-encode one photo; anything that fails is sent as it was. */
export async function shrink(file: File): Promise<File> {
  if (!SHRINKABLE.includes(file.type) || typeof createImageBitmap !== 'function') return file;
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, LONG_EDGE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.size < 1_000_000) {
      bitmap.close();
      return file;
    }
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
    if (!blob || blob.size >= file.size) return file;
    return new File([blob], file.name.replace(/\.[^.]*$/, '') + '.jpg', { type: 'image/jpeg' });
  } catch {
    return file;
  }
}

function setFiles(input: HTMLInputElement, files: File[]) {
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  input.files = dt.files;
}

export default function FormEnhancer({ formId, maxBytes, texts }: Props) {
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [status, setStatus] = useState<string>('');
  const [alert, setAlert] = useState<string>('');
  const [percent, setPercent] = useState<number | null>(null);
  const busy = useRef(false);

  useEffect(() => {
    const form = document.getElementById(formId) as HTMLFormElement | null;
    if (!form) return;
    const inputs = [...form.querySelectorAll<HTMLInputElement>('input[type=file]')];
    const refresh = () => setChosen(inputs.map((input) => ({ input, files: [...(input.files ?? [])] })));
    for (const input of inputs) input.addEventListener('change', refresh);
    // Photos picked before the island woke up (client:idle on a slow phone) get thumbnails too.
    refresh();

    const onSubmit = async (event: SubmitEvent) => {
      event.preventDefault();
      if (busy.current) return;
      busy.current = true;
      const buttons = [...form.querySelectorAll<HTMLButtonElement>('button[type=submit]')];
      for (const b of buttons) b.disabled = true;
      try {
        setStatus(texts.preparing);
        setAlert('');
        const data = new FormData(form, event.submitter);
        let bytes = 0;
        for (const input of inputs) {
          data.delete(input.name);
          for (const file of input.files ?? []) {
            // Named after what is sent: a PNG re-encoded as JPEG is sent as name.jpg.
            const sent = await shrink(file);
            bytes += sent.size;
            data.append(input.name, sent, sent.name);
          }
        }
        if (bytes > maxBytes) {
          // Said before a byte goes up: on a phone, uploading 50 MB only to be refused costs minutes.
          setStatus('');
          setAlert(texts.tooBig.replace('{size}', String(Math.round(bytes / 1048576))));
          busy.current = false;
          for (const b of buttons) b.disabled = false;
          return;
        }
        // Show the bar from the first byte: on a slow uplink the first progress event can take seconds.
        setPercent(0);
        setStatus(texts.uploading.replace('{percent}', '0'));
        await upload(form.action, data, (p) => {
          setPercent(p);
          setStatus(texts.uploading.replace('{percent}', String(p)));
        });
      } catch {
        // The network failed: fall back to the browser's own submission, which shows its error.
        busy.current = false;
        for (const b of buttons) b.disabled = false;
        form.submit();
      }
    };
    // Back from the next page out of the back/forward cache: the form must work again.
    const onPageShow = (event: PageTransitionEvent) => {
      if (!event.persisted) return;
      busy.current = false;
      for (const b of form.querySelectorAll<HTMLButtonElement>('button[type=submit]')) b.disabled = false;
      setStatus('');
      setPercent(null);
    };
    form.addEventListener('submit', onSubmit);
    window.addEventListener('pageshow', onPageShow);
    return () => {
      form.removeEventListener('submit', onSubmit);
      window.removeEventListener('pageshow', onPageShow);
      for (const input of inputs) input.removeEventListener('change', refresh);
    };
  }, [formId]);

  return (
    <div class="enhancer">
      {chosen
        .filter((c) => c.files.length > 0)
        .map((c) => (
          <Thumbs key={c.input.name} chosen={c} removeLabel={texts.remove} onChange={(files) => {
            setFiles(c.input, files);
            setChosen((all) => all.map((x) => (x.input === c.input ? { input: x.input, files } : x)));
          }} />
        ))}
      {alert && <p class="error-message" role="alert">{alert}</p>}
      <p role="status" aria-live="polite">{status}</p>
      {percent !== null && <progress max={100} value={percent} aria-label={status} />}
    </div>
  );
}

function Thumbs({ chosen, removeLabel, onChange }: { chosen: Chosen; removeLabel: string; onChange: (files: File[]) => void }) {
  const [urls, setUrls] = useState<string[]>([]);
  useEffect(() => {
    const made = chosen.files.map((f) => (f.type.startsWith('image/') ? URL.createObjectURL(f) : ''));
    setUrls(made);
    return () => made.forEach((u) => u && URL.revokeObjectURL(u));
  }, [chosen.files]);
  // Shown under the shot's own input, where the buyer picked the files.
  const host = chosen.input.closest('.shot');
  const list = (
    <ul class="thumbs" aria-label={chosen.input.labels?.[0]?.textContent ?? ''}>
      {chosen.files.map((f, i) => (
        <li key={f.name + i}>
          {urls[i] ? <img src={urls[i]} alt={f.name} /> : <span>{f.name}</span>}
          <button type="button" class="button secondary" onClick={() => onChange(chosen.files.filter((_, j) => j !== i))}>
            {removeLabel}
            <span class="visually-hidden"> {f.name}</span>
          </button>
        </li>
      ))}
    </ul>
  );
  return host ? <Portal host={host}>{list}</Portal> : list;
}

function Portal({ host, children }: { host: Element; children: ComponentChildren }) {
  return createPortal(children, host);
}

/** POST with upload progress, then go where the server redirected (post/redirect/get). */
function upload(url: string, data: FormData, progress: (percent: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.upload.onprogress = (e) => e.lengthComputable && progress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      // Anything but a page to go to (a 413, a 403, a 5xx) falls back to the browser's own
      // submission, so the buyer sees the server's answer instead of an empty form.
      if (xhr.status >= 400 || !xhr.responseURL) return reject(new Error(`HTTP ${xhr.status}`));
      window.location.assign(xhr.responseURL);
      resolve();
    };
    xhr.onerror = () => reject(new Error('network'));
    xhr.send(data);
  });
}
