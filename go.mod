module deskpilot

go 1.24
