'use client';

import type { ReactNode } from 'react';
import { useFormStatus } from 'react-dom';

/** A submit button that says so while its form is being sent (with JavaScript; without, it is a plain button). */
export function SubmitButton({
  children,
  pending,
  className = 'button',
}: {
  children: ReactNode;
  pending?: string;
  className?: string;
}) {
  const status = useFormStatus();
  return (
    <button type="submit" className={className} disabled={status.pending} aria-disabled={status.pending}>
      {status.pending ? (pending ?? 'Enviando…') : children}
    </button>
  );
}
