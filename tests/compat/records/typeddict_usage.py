from typing import TypedDict, List


class Movie(TypedDict):
    title: str
    year: int


movies: List[Movie] = [{"title": "Alien", "year": 1979}, {"title": "Heat", "year": 1995}]
print(sorted(m["title"] for m in movies if m["year"] > 1980))
m = Movie(title="Up", year=2009)
print(m)
