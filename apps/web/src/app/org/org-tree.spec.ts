import type { OrgUnitNode } from '@dx/contract';
import { buildOrgTree, codesWithChildren, defaultExpanded } from './org-tree';

function unit(code: string, parentCode: string | null, overrides: Partial<OrgUnitNode> = {}): OrgUnitNode {
  return {
    code,
    name: `所属${code}`,
    kind: '所属',
    parentCode,
    staffCount: 0,
    totalStaffCount: 0,
    ...overrides,
  };
}

describe('buildOrgTree', () => {
  it('nests 部局 → 所属 → 班 from the flat list, keeping the order among siblings', () => {
    const tree = buildOrgTree([
      unit('100', null, { kind: '部局', name: '総務部' }),
      unit('110', '100', { name: '人事課' }),
      unit('111', '110', { kind: '班', name: '人材育成班' }),
      unit('120', '100', { name: '財政課' }),
      unit('200', null, { kind: '部局', name: 'デジタル推進局' }),
    ]);

    expect(tree.map((n) => n.name)).toEqual(['総務部', 'デジタル推進局']);
    expect(tree[0].children.map((n) => n.name)).toEqual(['人事課', '財政課']);
    expect(tree[0].children[0].children.map((n) => n.name)).toEqual(['人材育成班']);
    expect(tree[0].children[0].children[0].depth).toBe(2);
    expect(tree[1].children).toEqual([]);
  });

  it('makes a unit whose parent the user may not see a root (a manager sees only their subtree)', () => {
    const tree = buildOrgTree([unit('110', '100'), unit('111', '110', { kind: '班' })]);

    expect(tree.map((n) => n.code)).toEqual(['110']);
    expect(tree[0].depth).toBe(0);
    expect(tree[0].children.map((n) => n.code)).toEqual(['111']);
  });

  it('places a child listed before its parent under that parent', () => {
    const tree = buildOrgTree([unit('111', '110'), unit('110', null)]);

    expect(tree.map((n) => n.code)).toEqual(['110']);
    expect(tree[0].children.map((n) => n.code)).toEqual(['111']);
  });

  it('does not loop forever on a cycle in bad data', () => {
    const tree = buildOrgTree([unit('A', 'B'), unit('B', 'A')]);

    expect(tree.map((n) => n.code).sort()).toEqual(['A', 'B']);
  });

  it('opens the roots and every 部局 by default, and lists every node with children for 「すべて開く」', () => {
    const tree = buildOrgTree([
      unit('100', null, { kind: '部局' }),
      unit('110', '100'),
      unit('111', '110', { kind: '班' }),
    ]);

    expect(defaultExpanded(tree)).toEqual(['100']);
    expect(codesWithChildren(tree)).toEqual(['100', '110']);
  });
});
