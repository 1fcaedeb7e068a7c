// A settings list as a table: a header per column, a last column for each row's actions, and a line while it is empty.
import type { ComponentChildren } from 'preact';

export interface ListTableProps {
  /** Column headers in order; `false` leaves a column out (e.g. one only editors see). */
  columns: (string | false)[];
  /** Shown across the table instead of rows, when given (e.g. `rows.length === 0 && 'No keys yet.'`). */
  empty?: string | false;
  class?: string;
  children: ComponentChildren;
}

export function ListTable({ columns, empty, class: extra, children }: ListTableProps) {
  const shown = columns.filter((c): c is string => c !== false);
  return (
    <table class={extra ? `table ${extra}` : 'table'}>
      <thead>
        <tr>
          {shown.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
          <th scope="col">
            <span class="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {empty && (
          <tr key="empty">
            <td colSpan={shown.length + 1} class="muted">
              {empty}
            </td>
          </tr>
        )}
        {children}
      </tbody>
    </table>
  );
}
