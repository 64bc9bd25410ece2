from typing import Optional


class Node:
    def __init__(self, val, next: Optional["Node"] = None):
        self.val = val
        self.next = next


def from_list(xs):
    head = None
    for x in reversed(xs):
        head = Node(x, head)
    return head


def to_list(node):
    out = []
    while node:
        out.append(node.val)
        node = node.next
    return out


def reverse(head):
    prev = None
    while head:
        head.next, prev, head = prev, head, head.next
    return prev


print(to_list(reverse(from_list([1, 2, 3, 4, 5]))))
