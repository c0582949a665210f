'use client';

import { useActionState } from 'react';
import { setNotifications } from '@/app/actions/profile';
import { FormMessage } from '@/components/field';
import { SubmitButton } from '@/components/submit-button';

/** Non-essential mail only: verification, password and order receipts are always sent. */
export function NotificationsForm({ marketing }: { marketing: boolean }) {
  const [state, action] = useActionState(setNotifications, {});
  return (
    <form action={action} className="form plain" aria-label="Avisos por correo">
      <FormMessage message={state.message} ok={state.ok} />
      <div className="check">
        <input id="f-marketing" type="checkbox" name="marketing" defaultChecked={marketing} />
        <label htmlFor="f-marketing">Quiero recibir avisos opcionales (p. ej. cuando cambia mi foto)</label>
      </div>
      <p className="hint">Los correos de verificación, contraseña y recibos de pedidos se envían siempre.</p>
      <SubmitButton className="button secondary" pending="Guardando…">
        Guardar preferencia
      </SubmitButton>
    </form>
  );
}
