module hb

go 1.26
