import html

s = '<a href="x">Tom & Jerry\'s</a>'
esc = html.escape(s)
print(esc)
print(html.unescape(esc) == s)
print(html.unescape("&lt;p&gt; &amp;copy; &#65;&#x42;"))
