//! Recursion: the direct references that close a cycle of structs get a `Box`.

use super::{Item, ItemKind, Ty};

/// Puts a `Box` on every direct reference (not behind a `Vec` or map, which already
/// allocate) that closes a cycle of structs.
pub(super) fn box_cycles(items: &mut [Item]) {
    let edges: Vec<Vec<usize>> = items
        .iter()
        .map(|item| {
            direct_types(item)
                .filter_map(|ty| match ty {
                    Ty::Model { id, .. } => Some(*id),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    for (i, item) in items.iter_mut().enumerate() {
        let types: Vec<&mut Ty> = match &mut item.kind {
            ItemKind::Struct(fields) => fields.iter_mut().map(|f| &mut f.ty).collect(),
            ItemKind::Union(variants) => variants.iter_mut().map(|v| &mut v.ty).collect(),
            _ => Vec::new(),
        };
        for ty in types {
            if let Ty::Model { id, boxed, .. } = ty {
                *boxed |= component[*id] == component[i];
            }
        }
    }
}

/// The types a struct's fields or a union's variants hold.
pub(super) fn direct_types<'i>(item: &'i Item) -> Box<dyn Iterator<Item = &'i Ty> + 'i> {
    match &item.kind {
        ItemKind::Struct(fields) => Box::new(fields.iter().map(|f| &f.ty)),
        ItemKind::Union(variants) => Box::new(variants.iter().map(|v| &v.ty)),
        _ => Box::new(std::iter::empty()),
    }
}

/// Tarjan's algorithm, iterative. Returns the component id of each node.
pub(super) fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut counter = 0;
    let mut components = 0;
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut next)) = work.last_mut() {
            if *next == 0 && order[node] == UNSEEN {
                order[node] = counter;
                low[node] = counter;
                counter += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&child) = edges[node].get(*next) {
                *next += 1;
                if order[child] == UNSEEN {
                    work.push((child, 0));
                } else if on_stack[child] {
                    low[node] = low[node].min(order[child]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = components;
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_are_found() {
        // 0 -> 1 -> 0 is a cycle; 2 -> 2 is a self loop; 3 is alone.
        let components = strongly_connected(&[vec![1], vec![0, 3], vec![2], vec![]]);
        assert_eq!(components[0], components[1]);
        assert_ne!(components[0], components[2]);
        assert_ne!(components[3], components[0]);
        assert_ne!(components[3], components[2]);
    }
}
