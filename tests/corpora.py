"""Tiny hand-checkable corpora shared by the clustering tests: two obvious topics."""

TAX = ["the tax cut only helps the rich and their accountants",
       "tax cuts for the rich are unfair to working families",
       "rich people avoid tax while working families pay more",
       "another tax cut for the rich, paid for by working families"]
PARK = ["the dog park by the river is muddy again this week",
        "muddy dog park, the river flooded the grass again",
        "dogs love the muddy park but owners hate the river mud",
        "fix the drainage at the dog park near the river"]
MORE_PARK = ["the river path to the dog park is closed by mud"]
MORE_TAX = ["working families deserve the tax cut, not the rich",
            "the rich pay accountants to dodge every tax",
            "a tax cut for working families would be fair"]
