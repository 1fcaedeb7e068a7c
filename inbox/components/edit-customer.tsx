// A customer's name and email, corrected in place; an email another customer has answers 409 and the form stays.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import type { Customer } from '../types.ts';
import { FieldMessage, FormSummary, formErrors, invalidProps } from './form-errors.tsx';

export function EditCustomer({
  customer,
  onSaved,
  onCancel,
}: {
  customer: Customer;
  onSaved: (c: Customer) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(customer.name ?? '');
  const [email, setEmail] = useState(customer.email);
  const [error, setError] = useState<unknown>(null);
  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      onSaved(
        await api.patch<Customer>(`/customers/${customer.id}`, { name: name.trim() || null, email: email.trim() }),
      );
    } catch (err) {
      setError(err);
    }
  }
  const errors = formErrors(error, { name: 'Name', email: 'Email' });
  return (
    <form class="form" onSubmit={save} aria-label="Edit customer">
      <label for="c-name">Name</label>
      <input
        id="c-name"
        value={name}
        onInput={(e) => setName(e.currentTarget.value)}
        {...invalidProps(errors, 'customer', 'name')}
      />
      <FieldMessage errors={errors} form="customer" name="name" />
      <label for="c-email">Email</label>
      <input
        id="c-email"
        type="email"
        value={email}
        onInput={(e) => setEmail(e.currentTarget.value)}
        {...invalidProps(errors, 'customer', 'email')}
      />
      <FieldMessage errors={errors} form="customer" name="email" />
      <FormSummary errors={errors} />
      <button class="btn btn-small btn-primary" type="submit">
        Save customer
      </button>{' '}
      <button class="btn btn-small btn-ghost" type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
