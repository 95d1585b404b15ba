module wgorder

go 1.26
