import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from 'react';

/** What a field's control carries so that its hint and the API's error for it are read out with it. */
type ControlWiring = { id: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined };

type FrameProps = { id: string; label: string; error?: string; hint?: ReactNode };

/** The label, hint and error around one control; the control varies (input, textarea, select). */
function LabelledField({ id, label, error, hint, control }: FrameProps & { control: (w: ControlWiring) => ReactNode }) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {control({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

type FieldProps = { name: string } & Omit<FrameProps, 'id'> & Omit<InputHTMLAttributes<HTMLInputElement>, 'name'>;

/** A labelled input whose error, when the API named this field, is read out with it. */
export function Field({ name, label, error, hint, id = `f-${name}`, ...input }: FieldProps) {
  return (
    <LabelledField
      id={id}
      label={label}
      error={error}
      hint={hint}
      control={(w) => <input name={name} {...w} {...input} />}
    />
  );
}

type TextAreaProps = { name: string } & Omit<FrameProps, 'id'> &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name'>;

/** Field's multi-line sibling. */
export function TextAreaField({ name, label, error, hint, id = `f-${name}`, ...textarea }: TextAreaProps) {
  return (
    <LabelledField
      id={id}
      label={label}
      error={error}
      hint={hint}
      control={(w) => <textarea name={name} {...w} {...textarea} />}
    />
  );
}

type SelectProps = {
  name: string;
  label: string;
  error?: string;
  options: readonly { value: string; label: string }[];
  defaultValue?: string;
  required?: boolean;
  id?: string;
};

export function SelectField({ name, label, error, options, defaultValue, required, id = `f-${name}` }: SelectProps) {
  return (
    <LabelledField
      id={id}
      label={label}
      error={error}
      control={(w) => (
        <select name={name} defaultValue={defaultValue ?? ''} required={required} {...w}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/** The form-level outcome, announced to screen readers when it appears. */
export function FormMessage({ message, ok }: { message?: string; ok?: boolean }) {
  if (!message) return null;
  return (
    <p className={`alert ${ok ? 'success' : 'error'}`} role={ok ? 'status' : 'alert'}>
      {message}
    </p>
  );
}
