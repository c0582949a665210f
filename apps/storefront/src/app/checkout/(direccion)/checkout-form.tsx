'use client';

import { useActionState } from 'react';
import { placeOrder } from '@/app/actions/checkout';
import { Field, FormMessage, SelectField } from '@/components/field';
import { SubmitButton } from '@/components/submit-button';
import { type AddressField, COUNTRIES } from '@/lib/address-form';

type Props = { idempotencyKey: string; defaults: Partial<Record<AddressField, string>> };

/** The shipping address (the orders service's fields) and the payment method; sent once per key. */
export function CheckoutForm({ idempotencyKey, defaults }: Props) {
  const [state, action] = useActionState(placeOrder, {});
  const v: Partial<Record<string, string>> = state.values ?? defaults;
  const e = state.fields ?? {};
  return (
    <form action={action} className="form" noValidate aria-labelledby="address-title">
      <h2 id="address-title">Dirección de envío</h2>
      <FormMessage message={state.message} />
      {/* Names this checkout: sent again by a retry or a second click, so at most one order is placed. */}
      <input type="hidden" name="idempotencyKey" value={state.values?.idempotencyKey ?? idempotencyKey} />
      <Field
        name="name"
        label="Nombre de quien recibe"
        autoComplete="name"
        required
        defaultValue={v.name}
        error={e.name}
      />
      <Field
        name="line1"
        label="Dirección"
        autoComplete="address-line1"
        required
        defaultValue={v.line1}
        error={e.line1}
      />
      <Field
        name="line2"
        label="Piso, departamento, referencia (opcional)"
        autoComplete="address-line2"
        defaultValue={v.line2}
        error={e.line2}
      />
      <div className="form-row">
        <Field name="city" label="Ciudad" autoComplete="address-level2" required defaultValue={v.city} error={e.city} />
        <Field
          name="region"
          label="Provincia (opcional)"
          autoComplete="address-level1"
          defaultValue={v.region}
          error={e.region}
        />
      </div>
      <div className="form-row">
        <Field
          name="postalCode"
          label="Código postal"
          autoComplete="postal-code"
          required
          defaultValue={v.postalCode}
          error={e.postalCode}
        />
        <SelectField
          name="country"
          label="País"
          options={COUNTRIES}
          defaultValue={v.country}
          error={e.country}
          required
        />
      </div>
      <Field
        name="phone"
        label="Teléfono (opcional)"
        type="tel"
        autoComplete="tel"
        defaultValue={v.phone}
        error={e.phone}
      />
      <fieldset className="plain-fieldset">
        <legend>Forma de pago</legend>
        <div className="check">
          <input id="f-provider-test" type="radio" name="paymentProvider" value="test" defaultChecked />
          <label htmlFor="f-provider-test">Tarjeta de prueba (la tienda de demostración no cobra de verdad)</label>
        </div>
      </fieldset>
      <SubmitButton pending="Registrando el pedido…">Confirmar pedido e ir al pago</SubmitButton>
    </form>
  );
}
