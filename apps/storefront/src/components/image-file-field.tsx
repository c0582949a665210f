'use client';

import { useState } from 'react';
import { ACTION_BODY_LIMIT_BYTES, ACTION_BODY_LIMIT_MB } from '@/lib/upload-limit';
import { Field } from './field';

type Props = { id?: string; name?: string; label: string; hint: string; error?: string };

/**
 * A file input for an image upload. With JavaScript, a file too big to be sent at all is refused here,
 * by the field, before the upload starts; any other limit is the service's, shown after it answers.
 */
export function ImageFileField({ id, name = 'image', label, hint, error }: Props) {
  const [tooBig, setTooBig] = useState(false);
  return (
    <Field
      id={id}
      name={name}
      label={label}
      type="file"
      accept="image/jpeg,image/png,image/webp"
      hint={hint}
      error={tooBig ? `La imagen pesa demasiado: elige una de menos de ${ACTION_BODY_LIMIT_MB} MB.` : error}
      onChange={(event) => {
        const file = event.currentTarget.files?.[0];
        const big = file !== undefined && file.size > ACTION_BODY_LIMIT_BYTES;
        // Blocks the submit (the form validates) while the message shows by the field.
        event.currentTarget.setCustomValidity(big ? 'La imagen pesa demasiado' : '');
        setTooBig(big);
      }}
    />
  );
}
