import { isApiError } from '@greencommerce/client';

const MB = 1024 * 1024;

/** "Images are limited to 5242880 bytes" / "Request body exceeds 5308416 bytes" → "5 MB". */
function limitOf(message: string): string | undefined {
  const m = /(\d+) bytes/.exec(message);
  if (!m) return undefined;
  const mb = Number(m[1]) / MB;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/**
 * What an image upload's refusal means, in Spanish, for the message next to the file input. The
 * services name no field for these (the file is the request), so the status and message decide.
 */
export function uploadErrorMessage(status: number, error: unknown): string {
  const message = isApiError(error) ? error.error.message : '';
  if (status === 413) {
    const limit = limitOf(message);
    return limit ? `La imagen pesa demasiado: el máximo es ${limit}.` : 'La imagen pesa demasiado.';
  }
  if (status === 415) return 'Solo se aceptan imágenes JPEG, PNG o WebP.';
  if (status === 400) {
    if (/dimensions/i.test(message)) return 'La imagen tiene demasiados píxeles: redúcela e inténtalo de nuevo.';
    if (/empty|missing/i.test(message)) return 'Elige una imagen.';
    return 'La imagen está dañada o no se pudo leer.';
  }
  if (status === 409) return 'Este producto ya tiene el máximo de imágenes: quita una primero.';
  if (status === 429) return 'Hay muchas subidas en curso. Espera un momento y vuelve a intentarlo.';
  if (status >= 500) return 'No se pudo guardar la imagen ahora. Inténtalo de nuevo en unos minutos.';
  return 'No se pudo subir la imagen.';
}

/** The chosen file of a form, or null when none was chosen (a browser sends an empty, nameless file). */
export function chosenFile(form: FormData, name: string): File | null {
  const v = form.get(name);
  return v instanceof File && v.size > 0 ? v : null;
}

/** The file as a multipart body for a service's upload route, under the field name it reads. */
export function uploadBody(file: File, field = 'image'): FormData {
  const body = new FormData();
  body.set(field, file, file.name || 'imagen');
  return body;
}
