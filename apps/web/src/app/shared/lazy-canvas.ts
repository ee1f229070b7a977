import type { WritableSignal } from '@angular/core';

/** What a lazily loaded renderer leaves on a canvas: something to take down before the next drawing. */
export interface CanvasDrawing {
  destroy(): void;
}

/**
 * Draws `spec` on the canvas once the renderer's code has loaded (it is split out of the page's bundle), inside an
 * `afterRenderEffect`: a newer spec or the component's end takes the drawing down, and a load that arrives after
 * that draws nothing. `failed` says whether the renderer could not be loaded (the page then points to its table).
 */
export function drawWhenLoaded<S>(
  load: () => Promise<(canvas: HTMLCanvasElement, spec: S) => CanvasDrawing | null>,
  canvas: HTMLCanvasElement,
  spec: S,
  failed: WritableSignal<boolean>,
  onCleanup: (cleanup: () => void) => void,
): void {
  let drawing: CanvasDrawing | null = null;
  let stopped = false;
  onCleanup(() => {
    stopped = true;
    drawing?.destroy();
  });
  load()
    .then((render) => {
      if (stopped) return;
      drawing = render(canvas, spec);
      failed.set(false);
    })
    .catch(() => {
      if (!stopped) failed.set(true);
    });
}
