// SPDX-License-Identifier: MIT
// Fails on purpose, three ways: a reason string, a panic, a custom error.
pragma solidity ^0.8.28;

contract Reverter {
    error NotAllowed(address who);

    uint256 public calls;

    function fail() external {
        calls += 1;
        revert("Reverter: always fails");
    }

    function divide(uint256 d) external returns (uint256) {
        calls += 1;
        return 100 / d; // d = 0 -> Panic(0x12)
    }

    function custom() external {
        calls += 1;
        revert NotAllowed(msg.sender);
    }
}
