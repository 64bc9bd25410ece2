from enum import Enum


class Suit(Enum):
    HEARTS = "h"
    SPADES = "s"


print([s.name for s in Suit], Suit("s"), Suit.HEARTS in Suit, len(Suit))
print({s: s.value for s in Suit}[Suit.SPADES])
