import { Field, SelectField } from '@/components/field';

const GENDERS = [
  { value: 'Hombre', label: 'Hombre' },
  { value: 'Mujer', label: 'Mujer' },
  { value: 'Otro', label: 'Otro' },
] as const;
const GENDERS_TO_CHOOSE = [{ value: '', label: 'Elige una opción' }, ...GENDERS] as const;

type Props = {
  values: Partial<Record<string, string>>;
  errors: Partial<Record<string, string>>;
  /** Signing up asks for every field and has no gender yet; a profile already has one and needs only the name. */
  signingUp?: boolean;
};

/** Who the person is, as registration asks and the profile edits: name, birth date, gender and phone. */
export function PersonFields({ values: v, errors: e, signingUp = false }: Props) {
  return (
    <>
      <div className="form-row">
        <Field name="name" label="Nombre" autoComplete="given-name" required defaultValue={v.name} error={e.name} />
        <Field
          name="lastName"
          label="Apellido"
          autoComplete="family-name"
          required
          defaultValue={v.lastName}
          error={e.lastName}
        />
      </div>
      <fieldset className="form-row plain-fieldset">
        <legend>Fecha de nacimiento</legend>
        <Field
          name="dayBirth"
          label="Día"
          inputMode="numeric"
          autoComplete="bday-day"
          required={signingUp}
          defaultValue={v.dayBirth}
          error={e.dayBirth}
        />
        <Field
          name="monthBirth"
          label="Mes"
          inputMode="numeric"
          autoComplete="bday-month"
          required={signingUp}
          defaultValue={v.monthBirth}
          error={e.monthBirth}
        />
        <Field
          name="yearBirth"
          label="Año"
          inputMode="numeric"
          autoComplete="bday-year"
          required={signingUp}
          defaultValue={v.yearBirth}
          error={e.yearBirth}
        />
      </fieldset>
      <SelectField
        name="gender"
        label="Género"
        options={signingUp ? GENDERS_TO_CHOOSE : GENDERS}
        defaultValue={v.gender}
        error={e.gender}
        required={signingUp}
      />
      <Field
        name="phoneNumber"
        label="Teléfono"
        type="tel"
        autoComplete="tel"
        required={signingUp}
        hint="De 7 a 10 dígitos"
        defaultValue={v.phoneNumber}
        error={e.phoneNumber}
      />
    </>
  );
}
