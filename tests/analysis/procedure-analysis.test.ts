import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { chainForActor } from '../../analysis/chain';
import { tellItOnce } from '../../analysis/tell-once';
import { loadProceduresOrThrow } from '../../procedures/load';
import { proceduresDir, root } from '../helpers';

const [mini] = loadProceduresOrThrow(join(root, 'tests/fixtures/procedures'));

describe('tellItOnce()', () => {
  test('lists every item asked at more than one step, with steps and actors', () => {
    expect(tellItOnce(mini)).toEqual([
      {
        item: 'adres',
        name: 'Adres',
        steps: [
          { step: 'melden', title: 'Melden', actor: 'inwoner', actorName: 'Inwoner', department: 'Inwoner' },
          {
            step: 'intake',
            title: 'Intake',
            actor: 'klantcontactcentrum',
            actorName: 'KCC',
            department: 'Klantcontact',
          },
        ],
      },
      {
        item: 'inkomen',
        name: 'Inkomen',
        steps: [
          {
            step: 'intake',
            title: 'Intake',
            actor: 'klantcontactcentrum',
            actorName: 'KCC',
            department: 'Klantcontact',
          },
          {
            step: 'besluit',
            title: 'Besluit',
            actor: 'inkomensconsulent',
            actorName: 'Consulent',
            department: 'Inkomen',
          },
        ],
      },
      {
        item: 'id',
        name: 'Identiteitsbewijs',
        steps: [
          { step: 'melden', title: 'Melden', actor: 'inwoner', actorName: 'Inwoner', department: 'Inwoner' },
          {
            step: 'besluit',
            title: 'Besluit',
            actor: 'inkomensconsulent',
            actorName: 'Consulent',
            department: 'Inkomen',
          },
        ],
      },
    ]);
  });

  test('on the bijstand procedure, woonsituatie is asked most often', () => {
    const bijstand = loadProceduresOrThrow(proceduresDir).find((p) => p.slug === 'bijstand')!;
    const [first] = tellItOnce(bijstand);
    expect(first.item).toBe('woonsituatie');
    expect(first.steps.map((s) => s.step)).toEqual(['melden', 'aanvraag', 'gesprek', 'huisbezoek', 'verplichtingen']);
  });
});

describe('tellItOnce(): an item asked once is not a repeat', () => {
  test('without the identity document at the decision, only the address and income are asked twice', () => {
    const once = { ...mini, steps: mini.steps.map((s) => (s.slug === 'besluit' ? { ...s, asks: ['inkomen'] } : s)) };
    expect(tellItOnce(once).map((r) => [r.item, r.steps.length])).toEqual([
      ['adres', 2],
      ['inkomen', 2],
    ]);
  });
});

describe('chainForActor()', () => {
  test('shows before, after, what was already given and what is asked again (return edges left out)', () => {
    const [besluit] = chainForActor(mini, 'inkomensconsulent');
    expect(besluit.before.map((s) => s.step)).toEqual(['melden', 'intake']);
    expect(besluit.after).toEqual([]);
    expect(besluit.alreadyProvided).toEqual([
      // The colleague who has it: the desk (KCC) took part at intake; at melden only the resident did.
      { item: 'adres', name: 'Adres', at: ['melden', 'intake'], holders: ['KCC'] },
      { item: 'id', name: 'Identiteitsbewijs', at: ['melden'], holders: [] },
      { item: 'inkomen', name: 'Inkomen', at: ['intake'], holders: ['KCC'] },
    ]);
    expect(besluit.askedAgain.map((p) => p.item)).toEqual(['id', 'inkomen']);
    const [melden] = chainForActor(mini, 'inwoner');
    expect(melden.before).toEqual([]);
    expect(melden.after.map((s) => s.step)).toEqual(['intake', 'besluit']);
  });

  test('an actor without steps gets an empty chain', () => {
    expect(chainForActor(mini, 'nobody')).toEqual([]);
  });
});
