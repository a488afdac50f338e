<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/meetings/xsl/meetings-common.xsl"/>
  <!-- The client's meetings: upcoming, past, and the calendar feed. -->
  <xsl:template match="content" mode="page">
    <h1>Meetings</h1>
    <p><a class="button" href="{$base}/meetings/request">Request a meeting</a></p>
    <h2>Upcoming and open requests</h2>
    <xsl:choose>
      <xsl:when test="upcoming/meeting">
        <xsl:call-template name="mt-rows"><xsl:with-param name="list" select="upcoming"/><xsl:with-param name="prefix">/meetings/</xsl:with-param></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">calendar</xsl:with-param><xsl:with-param name="title">Nothing planned.</xsl:with-param><xsl:with-param name="text">Request a meeting and your team will confirm a time.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
    <h2>Past</h2>
    <xsl:choose>
      <xsl:when test="past/meeting">
        <xsl:call-template name="mt-rows"><xsl:with-param name="list" select="past"/><xsl:with-param name="prefix">/meetings/</xsl:with-param></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">calendar</xsl:with-param><xsl:with-param name="title">No past meetings yet.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
    <h2>Calendar feed</h2>
    <p>Subscribe to your meetings from your calendar app with a private link.
      <xsl:if test="feed/@exists = '1'"> You have a link; making a new one stops the old one.</xsl:if></p>
    <form method="post" action="{$base}/meetings/feed" class="inline">
      <xsl:call-template name="csrf"/>
      <button type="submit">
        <xsl:choose><xsl:when test="feed/@exists = '1'">Reset my feed link</xsl:when><xsl:otherwise>Make my feed link</xsl:otherwise></xsl:choose>
      </button>
    </form>
  </xsl:template>

</xsl:stylesheet>
