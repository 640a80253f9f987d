// SPDX-License-Identifier: MIT
// Writes storage in a loop, so any small gas limit runs out.
pragma solidity ^0.8.28;

contract GasBurner {
    uint256[] public sink;

    function burn(uint256 n) external {
        for (uint256 i = 0; i < n; i++) {
            sink.push(i);
        }
    }
}
