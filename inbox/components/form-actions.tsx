// The row under a settings form: its submit button, and Cancel while an existing item is being edited.
export function FormActions({ label, onCancel, small }: { label: string; onCancel?: () => void; small?: boolean }) {
  const size = small ? ' btn-small' : '';
  return (
    <div class="actions">
      <button class={`btn${size} btn-primary`} type="submit">
        {label}
      </button>
      {onCancel && (
        <button class={`btn${size} btn-ghost`} type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
