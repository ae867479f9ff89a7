import type { ReactElement } from 'react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FieldTemplateProps } from '@rjsf/utils';
import { renderThemeForm } from './helpers/harness';

// Counts how often each field's template is drawn (the wrapper RJSF renders around every field).
const mockRenders = new Map<string, number>();
jest.mock('../../client/src/forms/rjsf-look/FieldTemplate', () => {
  const actual = jest.requireActual<typeof import('../../client/src/forms/rjsf-look/FieldTemplate')>('../../client/src/forms/rjsf-look/FieldTemplate');
  return {
    ...actual,
    FieldTemplate: (props: FieldTemplateProps): ReactElement => {
      mockRenders.set(props.id, (mockRenders.get(props.id) ?? 0) + 1);
      return actual.FieldTemplate(props as Parameters<typeof actual.FieldTemplate>[0]);
    },
  };
});

describe('typing into a long form', () => {
  const properties = Object.fromEntries(Array.from({ length: 8 }, (_, index) => [`isian_${index + 1}`, { type: 'string', title: `Isian ${index + 1}` }]));

  it('draws nothing on a keystroke, and only the changed field when the text reaches the form', async () => {
    const user = userEvent.setup();
    const onChange = jest.fn();
    await renderThemeForm({ type: 'object', properties }, {}, { onChange });
    const field = screen.getByLabelText('Isian 1');
    const neighbour = (): number => mockRenders.get('root_isian_2') ?? 0;
    const before = { own: mockRenders.get('root_isian_1') ?? 0, neighbour: neighbour() };
    expect(before.neighbour).toBeGreaterThan(0);

    await user.click(field);
    await user.keyboard('Mawar');
    // Typed text lives in the input until a pause: no field was drawn again for it.
    expect(mockRenders.get('root_isian_1')).toBe(before.own);
    expect(neighbour()).toBe(before.neighbour);

    await user.tab();
    await waitFor(() => expect(onChange).toHaveBeenLastCalledWith({ isian_1: 'Mawar' }));
    expect(neighbour()).toBe(before.neighbour);
    expect(field).toHaveValue('Mawar');
  });
});
