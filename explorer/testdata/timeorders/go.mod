module timeorders

go 1.26
