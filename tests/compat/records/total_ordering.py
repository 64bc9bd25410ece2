from functools import total_ordering


@total_ordering
class Card:
    ORDER = "23456789TJQKA"

    def __init__(self, rank):
        self.rank = rank

    def __eq__(self, other):
        return self.rank == other.rank

    def __lt__(self, other):
        return self.ORDER.index(self.rank) < self.ORDER.index(other.rank)

    def __repr__(self):
        return f"Card({self.rank!r})"


hand = [Card("K"), Card("3"), Card("A"), Card("T")]
print(sorted(hand), Card("Q") >= Card("J"), Card("2") <= Card("2"), Card("5") > Card("9"))
