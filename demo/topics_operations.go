package demo

import "time"

var routeMasterArea = area{
	category: "Operations Systems/RouteMaster TMS", team: teamLogistics, system: "RouteMaster", weight: 20, effort: 4, urgency: 0.6,
	busy: months{time.November: 1.3, time.December: 1.4},
	tags: []string{"routemaster", "tms", "transport"},
	guides: []guide{{
		key:   "rm-manifest",
		title: "Print delivery manifests and run sheets in RouteMaster",
		intro: "Drivers leave with a run sheet and a manifest for each trailer. RouteMaster prints both once the route is released.",
		steps: []string{
			"In RouteMaster, open **Planning > Today's routes** and select the route.",
			"Check that the status is **Released**; if it is **Draft**, click **Release** (planners only).",
			"Click **Documents > Run sheet** and **Documents > Manifest**.",
			"Choose the transport office printer (for example `BHM-TRANSPORT-01`) and print.",
			"For a reprint after changes, the documents show **REVISED** with the time.",
		},
		asks:     []string{"How do I print the run sheets for tomorrow's routes?", "Manifest printing isn't working from RouteMaster, which printer should I use?", "New planner here, how do I release a route and print the paperwork?"},
		subjects: []string{"Print run sheet", "RouteMaster manifests", "Release route"},
	}},
	issues: []issue{{
		key:      "rm-slow",
		title:    "RouteMaster is slow or freezes while planning",
		intro:    "Route optimisation is heavy work. These checks make RouteMaster usable again when it crawls.",
		symptoms: []string{"The map takes minutes to redraw.", "*RouteMaster is not responding* when you click **Optimise**.", "Changes made by another planner don't appear."},
		causes: []cause{
			{"you are on the VPN from home and the map layers are loading over it", []string{
				"In **View > Map layers**, turn off traffic history and satellite imagery.", "Use the Citrix version of RouteMaster from apps.northwind.example when working remotely.",
			}},
			{"too many days are open in the planning board", []string{
				"Close the planning tabs of past days.", "Filter the board by depot before running **Optimise**.",
			}},
			{"the nightly order import is still running", []string{
				"Before 06:30 the import may still be loading orders; wait until the status bar shows **Import complete**.",
				"If it is still running after 07:00, call the Service Desk: it is treated as urgent.",
			}},
		},
		asks:     []string{"RouteMaster is really slow this morning, we can't plan.", "RouteMaster freezes every time I click optimise.", "Can't see the changes the other planner made in RouteMaster."},
		subjects: []string{"RouteMaster slow", "RouteMaster not responding", "Planning system freezing"},
		weight:   2,
	}},
	errTitle: "RouteMaster error codes",
	errors: []errorCode{
		{"RM-E104", "Vehicle over capacity", "The loads on the route weigh more than the vehicle's payload, or need more pallet spaces than it has.", "releasing a route", []string{
			"Open the route, check the load summary and move drops to another vehicle.", "Check the vehicle type: a 7.5 t van was perhaps chosen instead of an artic."}},
		{"RM-E221", "Delivery window cannot be met", "At least one drop would be reached outside the customer's booking window.", "optimising a route", []string{
			"Look at the red drops on the map.", "Move them to another route, or contact the customer to rebook the slot."}},
		{"RM-E330", "Driver hours exceeded", "The route would break drivers' hours rules (EU 561/2006).", "assigning a driver", []string{
			"Split the route or plan a break.", "Assign a driver with enough remaining hours (shown in the driver panel)."}},
	},
}

var stockPilotArea = area{
	category: "Operations Systems/StockPilot WMS", team: teamLogistics, system: "StockPilot", weight: 15, effort: 3, urgency: 0.6,
	busy: months{time.November: 1.4, time.December: 1.3},
	tags: []string{"stockpilot", "wms", "warehouse"},
	guides: []guide{{
		key:   "sp-reprint-label",
		title: "Reprint a pallet or parcel label in StockPilot",
		intro: "Damaged or missing labels stop a pallet at the dock. Team leaders and Goods In operators can reprint them in StockPilot.",
		steps: []string{
			"In StockPilot, open **Labels > Reprint**.",
			"Scan or type the pallet ID (SSCC, 18 digits) or the order number.",
			"Choose the label printer of your area, for example `BHM-DOCK-ZB03`.",
			"Click **Print**. The reprint is logged with your name.",
		},
		notes:    []string{"If the label printer prints blank labels, the ribbon is usually finished. Spare ribbons are in the dock office."},
		asks:     []string{"How do I reprint a pallet label?", "The label on this pallet is ripped, how do I print another one?", "Which screen do I use to reprint SSCC labels?"},
		subjects: []string{"Reprint label", "Pallet label", "SSCC reprint"},
	}},
	issues: []issue{{
		key:      "sp-stock-mismatch",
		title:    "Stock in StockPilot does not match the shelf",
		intro:    "When StockPilot shows stock that isn't there, or misses stock that is, pickers are sent to empty locations. Most mismatches come from scans that did not reach the system.",
		symptoms: []string{"Pick lists send operators to empty locations.", "A location shows a quantity of zero but is full.", "*SP-409: Location locked for count*."},
		causes: []cause{
			{"scans were queued on a handheld that was offline", []string{
				"Find the scanner used (shown in **Movements > By user**) and connect it to NW-Ops so its queue uploads.",
				"Refresh the location in StockPilot.",
			}},
			{"a movement was done without scanning", []string{
				"Ask the team leader to run a **Spot count** on the location.", "Post the adjustment with a reason code after the count.",
			}},
			{"the location is locked for a cycle count", []string{
				"Wait until the count is finished, or ask the stock controller to release the lock.",
			}},
		},
		asks:     []string{"StockPilot says there's stock in B-12-03 but it's empty.", "Pickers keep getting sent to empty locations.", "The stock figures in StockPilot are wrong for the whole aisle."},
		subjects: []string{"Stock mismatch", "Wrong stock in StockPilot", "Location locked"},
		weight:   1.5,
	}},
}
