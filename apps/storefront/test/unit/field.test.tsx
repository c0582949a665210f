import { expect, test } from 'bun:test';
import { renderToStaticMarkup } from 'react-dom/server';
import { Field, SelectField, TextAreaField } from '../../src/components/field';

const attrs = (html: string, tag: string) => {
  const open = html.match(new RegExp(`<${tag}[^>]*>`))?.[0] ?? '';
  return Object.fromEntries([...open.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
};

test('each kind of field ties its control to its label, hint and error', () => {
  const cases = [
    ['input', <Field key="i" name="email" label="Correo" hint="El tuyo" error="No vale" type="email" />],
    ['textarea', <TextAreaField key="t" name="email" label="Correo" hint="El tuyo" error="No vale" rows={3} />],
  ] as const;
  for (const [tag, field] of cases) {
    const html = renderToStaticMarkup(field);
    expect(html).toContain('<label for="f-email">Correo</label>');
    expect(attrs(html, tag)).toMatchObject({
      id: 'f-email',
      name: 'email',
      'aria-invalid': 'true',
      'aria-describedby': 'f-email-hint f-email-error',
    });
    expect(html).toContain('<p class="hint" id="f-email-hint">El tuyo</p>');
    expect(html).toContain('<p class="field-error" id="f-email-error">No vale</p>');
  }
  const select = renderToStaticMarkup(
    <SelectField name="gender" label="Género" options={[{ value: 'Otro', label: 'Otro' }]} error="Elige una" />,
  );
  expect(attrs(select, 'select')).toMatchObject({ id: 'f-gender', 'aria-describedby': 'f-gender-error' });
});

test('a field with nothing to add has no description and is not marked invalid', () => {
  const html = renderToStaticMarkup(<Field name="q" label="Buscar" id="search" />);
  const input = attrs(html, 'input');
  expect(input).toMatchObject({ id: 'search', name: 'q' });
  expect(input['aria-describedby']).toBeUndefined();
  expect(input['aria-invalid']).toBeUndefined();
});

test("the caller's own attributes win over the wiring (a cart line names its quantity after the product)", () => {
  const html = renderToStaticMarkup(<Field name="quantity" label="Cantidad" aria-label="Cantidad de Jabón" />);
  expect(attrs(html, 'input')['aria-label']).toBe('Cantidad de Jabón');
});
