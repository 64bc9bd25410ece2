class Ticket:
    _next_id = 1

    def __init__(self, title):
        self.id = Ticket._next_id
        Ticket._next_id += 1
        self.title = title

    def __str__(self):
        return f"#{self.id} {self.title}"


tickets = [Ticket(t) for t in ("bug", "feature", "chore")]
print(*tickets, sep="\n")
print(Ticket._next_id)
