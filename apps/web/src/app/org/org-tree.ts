import type { OrgUnitNode } from '@dx/contract';

export interface OrgTreeNode extends OrgUnitNode {
  /** 0 for the top of what the caller sees. */
  depth: number;
  children: OrgTreeNode[];
}

/**
 * Builds the tree (部局 → 所属 → 班) from the flat list the API returns. Units whose parent is not in the
 * list (a manager sees only their own subtree) become roots. The order of the list is kept among siblings,
 * and a child that arrives before its parent is still placed under it.
 */
export function buildOrgTree(units: readonly OrgUnitNode[]): OrgTreeNode[] {
  const byCode = new Map<string, OrgTreeNode>();
  for (const unit of units) {
    if (!byCode.has(unit.code)) byCode.set(unit.code, { ...unit, depth: 0, children: [] });
  }
  const roots: OrgTreeNode[] = [];
  for (const node of byCode.values()) {
    const parent = node.parentCode !== null ? byCode.get(node.parentCode) : undefined;
    if (parent && parent !== node && !isAncestor(node, parent, byCode)) parent.children.push(node);
    else roots.push(node);
  }
  const setDepth = (nodes: OrgTreeNode[], depth: number): void => {
    for (const node of nodes) {
      node.depth = depth;
      setDepth(node.children, depth + 1);
    }
  };
  setDepth(roots, 0);
  return roots;
}

/** Guards against a cycle in bad data: is `candidate` already an ancestor of `of`'s would-be parent chain? */
function isAncestor(candidate: OrgTreeNode, of: OrgTreeNode, byCode: Map<string, OrgTreeNode>): boolean {
  const seen = new Set<string>();
  let current: OrgTreeNode | undefined = of;
  while (current && !seen.has(current.code)) {
    if (current.code === candidate.code) return true;
    seen.add(current.code);
    current = current.parentCode !== null ? byCode.get(current.parentCode) : undefined;
  }
  return false;
}

/** The codes of every node that has children (for 「すべて開く」). */
export function codesWithChildren(nodes: readonly OrgTreeNode[]): string[] {
  return nodes.flatMap((node) =>
    node.children.length > 0 ? [node.code, ...codesWithChildren(node.children)] : [],
  );
}

/** The nodes open when the tree is first shown: the roots and every 部局. */
export function defaultExpanded(nodes: readonly OrgTreeNode[]): string[] {
  return nodes.flatMap((node) => [
    ...(node.depth === 0 || node.kind === '部局' ? [node.code] : []),
    ...defaultExpanded(node.children),
  ]);
}
